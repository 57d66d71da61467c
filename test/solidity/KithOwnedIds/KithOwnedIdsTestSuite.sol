// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IKithOwnedIds} from "../../../contracts/interfaces/IKithOwnedIds.sol";
import {IKithSignatures} from "../../../contracts/interfaces/IKithSignatures.sol";
import {MockERC1271Wallet} from "../mocks/MockERC1271Wallet.sol";
import {KithExtensionTestSuite} from "../KithExtensionTestSuite.sol";

/// @notice The two-step ownership of KithOwnedIds (moderation lists, channels), tested once and run
///         against each contract that holds ids: a concrete test names the contract and how an id
///         is made.
abstract contract KithOwnedIdsTestSuite is KithExtensionTestSuite {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @dev Written out from the interface docs, not read from the contract (STYLE 6).
    string internal constant TRANSFER_OWNERSHIP_TYPE =
        "TransferOwnership(uint256 id,address to,uint256 nonce,uint256 deadline)";
    string internal constant ACCEPT_OWNERSHIP_TYPE = "AcceptOwnership(uint256 id,uint256 nonce,uint256 deadline)";

    /*//////////////////////////////////////////////////////////////
                                  HOOKS
    //////////////////////////////////////////////////////////////*/

    /// @dev The contract under test, as owned ids.
    function _owned() internal view virtual returns (IKithOwnedIds);

    /// @dev Creates a new id owned by `owner` (by someone else).
    function _newId(address owner) internal virtual returns (uint256 id);

    /*//////////////////////////////////////////////////////////////
                                 HELPERS
    //////////////////////////////////////////////////////////////*/

    function _offer(uint256 id, address from, address to) internal {
        vm.prank(from);
        _owned().transferOwnership(id, to);
    }

    function _assertOwners(uint256 id, address owner, address pending) internal view {
        assertEq(_owned().ownerOf(id), owner, "owner");
        assertEq(_owned().pendingOwnerOf(id), pending, "pending owner");
    }

    function _notPendingOwner(uint256 id, address caller) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IKithOwnedIds.NotPendingOwner.selector, id, caller);
    }

    function _signTransfer(uint256 signerPk, uint256 id, address to)
        internal
        view
        returns (IKithSignatures.SignedAuth memory)
    {
        return _sign(signerPk, TRANSFER_OWNERSHIP_TYPE, abi.encode(id, to));
    }

    function _signAccept(uint256 signerPk, uint256 id) internal view returns (IKithSignatures.SignedAuth memory) {
        return _sign(signerPk, ACCEPT_OWNERSHIP_TYPE, abi.encode(id));
    }

    /*//////////////////////////////////////////////////////////////
                                  TESTS
    //////////////////////////////////////////////////////////////*/

    function test_OwnedIds_TypehashesMatchDocumentedTypes() public view {
        (bool ok, bytes memory transfer) = address(_owned()).staticcall(abi.encodeWithSignature("TRANSFER_OWNERSHIP_TYPEHASH()"));
        assertTrue(ok);
        assertEq(abi.decode(transfer, (bytes32)), keccak256(bytes(TRANSFER_OWNERSHIP_TYPE)));
        bytes memory accept;
        (ok, accept) = address(_owned()).staticcall(abi.encodeWithSignature("ACCEPT_OWNERSHIP_TYPEHASH()"));
        assertTrue(ok);
        assertEq(abi.decode(accept, (bytes32)), keccak256(bytes(ACCEPT_OWNERSHIP_TYPE)));
    }

    function test_OwnerOf_UnknownIdIsZero() public view {
        _assertOwners(999, address(0), address(0));
    }

    function test_TransferOwnership_EmitsOwnershipTransferStarted() public {
        uint256 id = _newId(alice);
        vm.expectEmit(address(_owned()));
        emit IKithOwnedIds.OwnershipTransferStarted(id, alice, bob);
        _offer(id, alice, bob);
        _assertOwners(id, alice, bob);
    }

    function test_TransferOwnership_RevertWhen_NotOwner() public {
        uint256 id = _newId(alice);
        vm.expectRevert(_notOwner(id, mallory));
        _offer(id, mallory, mallory);
        vm.expectRevert(_notOwner(999, alice));
        _offer(999, alice, bob);
        _assertOwners(id, alice, address(0));
    }

    function test_TransferOwnership_ToZeroWithdrawsOffer() public {
        uint256 id = _newId(alice);
        _offer(id, alice, bob);
        vm.expectEmit(address(_owned()));
        emit IKithOwnedIds.OwnershipTransferStarted(id, alice, address(0));
        _offer(id, alice, address(0));

        vm.expectRevert(_notPendingOwner(id, bob));
        vm.prank(bob);
        _owned().acceptOwnership(id);
        _assertOwners(id, alice, address(0));
    }

    function test_TransferOwnership_LaterOfferReplacesEarlier() public {
        uint256 id = _newId(alice);
        _offer(id, alice, bob);
        _offer(id, alice, carol);
        vm.expectRevert(_notPendingOwner(id, bob));
        vm.prank(bob);
        _owned().acceptOwnership(id);
        _assertOwners(id, alice, carol);
    }

    function test_AcceptOwnership_EmitsOwnershipTransferred() public {
        uint256 id = _newId(alice);
        _offer(id, alice, bob);
        vm.expectEmit(address(_owned()));
        emit IKithOwnedIds.OwnershipTransferred(id, alice, bob);
        vm.prank(bob);
        _owned().acceptOwnership(id);
        _assertOwners(id, bob, address(0));

        vm.expectRevert(_notOwner(id, alice));
        _offer(id, alice, alice);
    }

    function test_AcceptOwnership_RevertWhen_NotPendingOwner() public {
        uint256 id = _newId(alice);
        vm.expectRevert(_notPendingOwner(id, mallory)); // no offer
        vm.prank(mallory);
        _owned().acceptOwnership(id);

        _offer(id, alice, bob);
        vm.expectRevert(_notPendingOwner(id, alice)); // not even the owner
        vm.prank(alice);
        _owned().acceptOwnership(id);
        vm.expectRevert(_notPendingOwner(id, mallory));
        vm.prank(mallory);
        _owned().acceptOwnership(id);
        _assertOwners(id, alice, bob);
    }

    function test_TransferOwnershipFor_SignedByOwner() public {
        uint256 id = _newId(alice);
        IKithSignatures.SignedAuth memory auth = _signTransfer(alicePk, id, bob);
        vm.expectEmit(address(_owned()));
        emit IKithOwnedIds.OwnershipTransferStarted(id, alice, bob);
        vm.prank(relayer);
        _owned().transferOwnershipFor(id, bob, auth);
        _assertOwners(id, alice, bob);
    }

    function test_TransferOwnershipFor_RevertWhen_SignerNotOwner() public {
        uint256 id = _newId(alice);
        IKithSignatures.SignedAuth memory auth = _signTransfer(malloryPk, id, mallory);
        vm.expectRevert(_notOwner(id, mallory));
        vm.prank(relayer);
        _owned().transferOwnershipFor(id, mallory, auth);
        _assertOwners(id, alice, address(0));
    }

    function test_TransferOwnershipFor_RevertWhen_ExpiredReplayedOrWrongSigner() public {
        uint256 id = _newId(alice);
        IKithSignatures.SignedAuth memory forged = _claimedBy(_signTransfer(malloryPk, id, mallory), alice);
        vm.expectRevert(_invalidSignature());
        vm.prank(relayer);
        _owned().transferOwnershipFor(id, mallory, forged);

        IKithSignatures.SignedAuth memory auth = _signTransfer(alicePk, id, bob);
        vm.prank(relayer);
        _owned().transferOwnershipFor(id, bob, auth);
        _offer(id, alice, address(0));
        vm.expectRevert(_nonceError(alice, 1));
        vm.prank(relayer);
        _owned().transferOwnershipFor(id, bob, auth);

        auth = _signTransfer(alicePk, id, bob);
        vm.warp(deadline + 1);
        vm.expectRevert(_expired(deadline));
        vm.prank(relayer);
        _owned().transferOwnershipFor(id, bob, auth);
        _assertOwners(id, alice, address(0));
    }

    function test_AcceptOwnershipFor_SignedByPendingOwner() public {
        uint256 id = _newId(alice);
        _offer(id, alice, bob);
        IKithSignatures.SignedAuth memory auth = _signAccept(bobPk, id);
        vm.expectEmit(address(_owned()));
        emit IKithOwnedIds.OwnershipTransferred(id, alice, bob);
        vm.prank(relayer);
        _owned().acceptOwnershipFor(id, auth);
        _assertOwners(id, bob, address(0));
    }

    function test_AcceptOwnershipFor_RevertWhen_SignerNotPendingOwner() public {
        uint256 id = _newId(alice);
        _offer(id, alice, bob);
        IKithSignatures.SignedAuth memory auth = _signAccept(carolPk, id);
        vm.expectRevert(_notPendingOwner(id, carol));
        vm.prank(relayer);
        _owned().acceptOwnershipFor(id, auth);

        IKithSignatures.SignedAuth memory forged = _claimedBy(_signAccept(carolPk, id), bob);
        vm.expectRevert(_invalidSignature());
        vm.prank(relayer);
        _owned().acceptOwnershipFor(id, forged);
        _assertOwners(id, alice, bob);
    }

    function test_TransferOwnershipFor_RevertWhen_OwnerCancelledNonce() public {
        uint256 id = _newId(alice);
        IKithSignatures.SignedAuth memory auth = _signTransfer(alicePk, id, bob);
        IKithSignatures extension = IKithSignatures(_extension());
        uint256 next = _nonceAfterCancel(extension, alice, 0);
        vm.prank(alice);
        extension.cancelNonce(0);

        vm.expectRevert(_nonceError(alice, next));
        vm.prank(relayer);
        _owned().transferOwnershipFor(id, bob, auth);
        _assertOwners(id, alice, address(0));
        assertEq(kith.nonces(alice, 0), 0, "a cancel here leaves Kith's nonces alone");
    }

    function test_OwnershipFor_ERC1271WalletOwner() public {
        MockERC1271Wallet wallet = new MockERC1271Wallet(alice);
        uint256 id = _newId(address(wallet));
        IKithSignatures.SignedAuth memory auth = _claimedBy(
            _signAt(alicePk, TRANSFER_OWNERSHIP_TYPE, abi.encode(id, bob), 0, deadline), address(wallet)
        );
        vm.expectEmit(address(_owned()));
        emit IKithOwnedIds.OwnershipTransferStarted(id, address(wallet), bob);
        vm.prank(relayer);
        _owned().transferOwnershipFor(id, bob, auth);
        _assertOwners(id, address(wallet), bob);
    }
}

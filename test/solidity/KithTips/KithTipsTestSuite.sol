// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {KithTips} from "../../../contracts/KithTips.sol";
import {IKithSignatures} from "../../../contracts/interfaces/IKithSignatures.sol";
import {IKithTips} from "../../../contracts/interfaces/IKithTips.sol";
import {TestToken} from "../mocks/TestToken.sol";
import {KithSigningTestSuite} from "../KithSigningTestSuite.sol";
import {TypedData} from "../TypedData.sol";

/// @notice Every test token in this folder can be minted by anyone.
interface IMintable {
    function mint(address to, uint256 amount) external;
}

/// @notice Setup and helpers for the KithTips tests: a `Kith` with three profiles (alice, bob,
///         carol), one post each by bob and carol, a `KithTips` on top, and a plain ERC-20.
abstract contract KithTipsTestSuite is KithSigningTestSuite {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @dev Written out from the interface docs, not read from the contract (STYLE 6).
    string internal constant TIP_TOKEN_TYPE =
        "TipToken(uint256 postId,uint256 fromProfileId,address token,uint256 amount,uint256 nonce,uint256 deadline)";
    string internal constant TIPS_DOMAIN_NAME = "Kith Tips";
    string internal constant TIPS_DOMAIN_VERSION = "1";

    /// @dev The token address that stands for ETH.
    address internal constant ETH = address(0);

    uint256 internal constant TIP_AMOUNT = 0.01 ether;
    /// @dev What every actor starts with, in ETH and in each token.
    uint256 internal constant STARTING_FUNDS = 1_000 ether;

    /// @dev sha256("second post")
    bytes32 internal constant SECOND_HASH = 0xda5c21c82c8a15c403f6db961ea8ae00d65c26c59855443580f620e4c3d38e07;

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    KithTips internal tips;
    TestToken internal token;

    uint256 internal bobPostId;
    uint256 internal carolPostId;

    /// @dev The first id no profile has.
    uint256 internal unregisteredId;

    /*//////////////////////////////////////////////////////////////
                                  SETUP
    //////////////////////////////////////////////////////////////*/

    function setUp() public virtual override {
        super.setUp();
        tips = new KithTips(address(kith));
        token = new TestToken();

        aliceId = _register(alice, "alice", guardian);
        bobId = _register(bob, "bob");
        carolId = _register(carol, "carol");
        bobPostId = _post(bobId, CONTENT_HASH);
        carolPostId = _post(carolId, CONTENT_HASH);
        unregisteredId = kith.profileCount() + 1;

        address[6] memory funded = [alice, bob, carol, mallory, appKey, relayer];
        for (uint256 i; i < funded.length; ++i) {
            vm.deal(funded[i], STARTING_FUNDS);
            token.mint(funded[i], STARTING_FUNDS);
        }
    }

    /*//////////////////////////////////////////////////////////////
                               TIP HELPERS
    //////////////////////////////////////////////////////////////*/

    function _tip(address tipper, uint256 postId, uint256 fromProfileId, uint256 amount) internal {
        vm.prank(tipper);
        tips.tip{value: amount}(postId, fromProfileId);
    }

    /// @dev Approves exactly `amount` and tips it (the tipper must hold it).
    function _tipToken(address tipper, address tokenAddress, uint256 postId, uint256 fromProfileId, uint256 amount)
        internal
    {
        _approve(tipper, tokenAddress, amount);
        vm.prank(tipper);
        tips.tipToken(postId, fromProfileId, tokenAddress, amount);
    }

    function _approve(address owner, address tokenAddress, uint256 amount) internal {
        vm.prank(owner);
        IERC20(tokenAddress).approve(address(tips), amount);
    }

    /// @dev Mints `amount` of a test token to `to` and lets the tips contract pull it.
    function _fund(address to, address tokenAddress, uint256 amount) internal {
        IMintable(tokenAddress).mint(to, amount);
        _approve(to, tokenAddress, amount);
    }

    /// @dev Takes the custody as an argument: reading it here would be a call that a pending
    ///      `vm.expectRevert` applies to.
    function _withdraw(address custody, uint256 profileId, address tokenAddress, address to) internal {
        vm.prank(custody);
        tips.withdraw(profileId, tokenAddress, to);
    }

    function _expectTipped(
        uint256 postId,
        uint256 fromProfileId,
        address tipper,
        address tokenAddress,
        uint256 amount
    ) internal {
        vm.expectEmit(address(tips));
        emit IKithTips.Tipped(postId, postId >> 160, fromProfileId, tipper, tokenAddress, amount);
    }

    function _notAuthorized(uint256 profileId, address caller) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IKithTips.NotAuthorized.selector, profileId, caller);
    }

    function _unknownPost(uint256 postId) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IKithTips.UnknownPost.selector, postId);
    }

    /// @dev The ETH balance or the `tokenAddress` balance of `account`.
    function _balance(address tokenAddress, address account) internal view returns (uint256) {
        return tokenAddress == ETH ? account.balance : IERC20(tokenAddress).balanceOf(account);
    }

    /*//////////////////////////////////////////////////////////////
                            SIGNATURE HELPERS
    //////////////////////////////////////////////////////////////*/

    function _tipsDomainSeparator() internal view returns (bytes32) {
        return TypedData.domainSeparator(TIPS_DOMAIN_NAME, TIPS_DOMAIN_VERSION, address(tips));
    }

    function _tipTokenStructHash(
        uint256 postId,
        uint256 fromProfileId,
        address tokenAddress,
        uint256 amount,
        uint256 nonce,
        uint256 deadline
    ) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(keccak256(bytes(TIP_TOKEN_TYPE)), postId, fromProfileId, tokenAddress, amount, nonce, deadline)
        );
    }

    /// @dev `signerPk`'s signature of a token tip, over its next default-lane nonce on `tips`.
    function _signTipToken(
        uint256 signerPk,
        uint256 postId,
        uint256 fromProfileId,
        address tokenAddress,
        uint256 amount,
        uint256 deadline
    ) internal view returns (IKithSignatures.SignedAuth memory) {
        uint256 nonce = tips.nonces(vm.addr(signerPk), 0);
        bytes32 structHash = _tipTokenStructHash(postId, fromProfileId, tokenAddress, amount, nonce, deadline);
        return TypedData.sign(signerPk, _tipsDomainSeparator(), structHash, nonce, deadline);
    }

    function _tipTokenFor(
        uint256 postId,
        uint256 fromProfileId,
        address tokenAddress,
        uint256 amount,
        IKithSignatures.SignedAuth memory auth
    ) internal {
        vm.prank(relayer);
        tips.tipTokenFor(postId, fromProfileId, tokenAddress, amount, auth);
    }
}

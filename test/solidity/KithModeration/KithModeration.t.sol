// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IKithModeration} from "../../../contracts/interfaces/IKithModeration.sol";
import {IKithOwnedIds} from "../../../contracts/interfaces/IKithOwnedIds.sol";
import {IKithSignatures} from "../../../contracts/interfaces/IKithSignatures.sol";
import {Scopes} from "../../../contracts/libraries/Scopes.sol";
import {MockERC1271Wallet} from "../mocks/MockERC1271Wallet.sol";
import {MockERC6492WalletFactory} from "../mocks/MockERC6492WalletFactory.sol";
import {TypedData} from "../TypedData.sol";
import {KithModerationTestSuite} from "./KithModerationTestSuite.sol";

/// @notice Labels, moderation lists and subscriptions, directly and signed.
contract KithModerationTest is KithModerationTestSuite {
    /// @dev ERC-6492: a wrapped signature ends with these 32 bytes.
    bytes32 internal constant ERC6492_SUFFIX = 0x6492649264926492649264926492649264926492649264926492649264926492;

    /*//////////////////////////////////////////////////////////////
                                 SETUP
    //////////////////////////////////////////////////////////////*/

    function test_Typehashes_MatchDocumentedTypes() public view {
        assertEq(moderation.LABEL_TYPEHASH(), keccak256(bytes(LABEL_TYPE)));
        assertEq(moderation.NEGATE_LABEL_TYPEHASH(), keccak256(bytes(NEGATE_LABEL_TYPE)));
        assertEq(moderation.CREATE_LIST_TYPEHASH(), keccak256(bytes(CREATE_LIST_TYPE)));
        assertEq(moderation.ADD_LIST_MEMBERS_TYPEHASH(), keccak256(bytes(ADD_LIST_MEMBERS_TYPE)));
        assertEq(moderation.REMOVE_LIST_MEMBERS_TYPEHASH(), keccak256(bytes(REMOVE_LIST_MEMBERS_TYPE)));
        assertEq(moderation.SUBSCRIBE_TO_LABELER_TYPEHASH(), keccak256(bytes(SUBSCRIBE_TO_LABELER_TYPE)));
        assertEq(moderation.UNSUBSCRIBE_FROM_LABELER_TYPEHASH(), keccak256(bytes(UNSUBSCRIBE_FROM_LABELER_TYPE)));
        assertEq(moderation.SUBSCRIBE_TO_LIST_TYPEHASH(), keccak256(bytes(SUBSCRIBE_TO_LIST_TYPE)));
        assertEq(moderation.UNSUBSCRIBE_FROM_LIST_TYPEHASH(), keccak256(bytes(UNSUBSCRIBE_FROM_LIST_TYPE)));
    }

    function test_Eip712Domain_IsKithModerationOnThisChain() public view {
        bytes32 expected = TypedData.domainSeparator(MODERATION_DOMAIN_NAME, "1", address(moderation));
        assertEq(TypedData.domainSeparator(moderation), expected);
        assertEq(moderation.kith(), address(kith), "serves this Kith");
        assertEq(moderation.MAX_LABEL_LENGTH(), MAX_LABEL_LENGTH);
        assertEq(moderation.MAX_NAME_LENGTH(), MAX_NAME_LENGTH);
        assertEq(moderation.MAX_BATCH(), MAX_BATCH);
    }

    /*//////////////////////////////////////////////////////////////
                                 LABELS
    //////////////////////////////////////////////////////////////*/

    function test_Label_EmitsLabeled() public {
        vm.expectEmit(address(moderation));
        emit IKithModeration.Labeled(labeler, bobPostId, "spam", 0);
        vm.prank(labeler);
        moderation.label(bobPostId, "spam", 0);
    }

    function test_Label_ProfileWithExpiry_EmitsLabeled() public {
        uint256 expiry = block.timestamp + 1;
        vm.expectEmit(address(moderation));
        emit IKithModeration.Labeled(labeler, bobId, "impersonation-2", expiry);
        vm.prank(labeler);
        moderation.label(bobId, "impersonation-2", expiry);
    }

    function test_Label_RevertWhen_InvalidSubject() public {
        vm.expectRevert(abi.encodeWithSelector(IKithModeration.InvalidSubject.selector, 0));
        vm.prank(labeler);
        moderation.label(0, "spam", 0);
    }

    function test_Label_RevertWhen_InvalidValue() public {
        string[5] memory bad = ["", "Spam", "spam ", "sp_am", "0123456789012345678901234567890123456789012345678901234567890123x"];
        uint256[5] memory index = [uint256(0), 0, 4, 2, 65];
        for (uint256 i; i < bad.length; ++i) {
            vm.expectRevert(_invalidLabel(bad[i], index[i]));
            vm.prank(labeler);
            moderation.label(bobPostId, bad[i], 0);
        }
    }

    function test_Label_LongestValue_EmitsLabeled() public {
        string memory longest = "0123456789012345678901234567890123456789012345678901234567890123";
        assertEq(bytes(longest).length, MAX_LABEL_LENGTH);
        vm.expectEmit(address(moderation));
        emit IKithModeration.Labeled(labeler, bobPostId, longest, 0);
        vm.prank(labeler);
        moderation.label(bobPostId, longest, 0);
    }

    function test_Label_RevertWhen_ExpiryNotInFuture() public {
        vm.expectRevert(abi.encodeWithSelector(IKithModeration.InvalidExpiry.selector, block.timestamp));
        vm.prank(labeler);
        moderation.label(bobPostId, "spam", block.timestamp);

        vm.expectRevert(abi.encodeWithSelector(IKithModeration.InvalidExpiry.selector, 1));
        vm.prank(labeler);
        moderation.label(bobPostId, "spam", 1);
    }

    function test_NegateLabel_EmitsLabelNegated() public {
        vm.expectEmit(address(moderation));
        emit IKithModeration.LabelNegated(labeler, bobPostId, "spam");
        vm.prank(labeler);
        moderation.negateLabel(bobPostId, "spam");
    }

    function test_NegateLabel_RevertWhen_InvalidSubjectOrValue() public {
        vm.expectRevert(abi.encodeWithSelector(IKithModeration.InvalidSubject.selector, 0));
        vm.prank(labeler);
        moderation.negateLabel(0, "spam");

        vm.expectRevert(_invalidLabel("SPAM", 0));
        vm.prank(labeler);
        moderation.negateLabel(bobPostId, "SPAM");
    }

    function test_LabelFor_EmitsLabeledWithSignerAsLabeler() public {
        IKithSignatures.SignedAuth memory auth = _signLabel(labelerPk, bobPostId, "spam", 0);

        vm.expectEmit(address(moderation));
        emit IKithModeration.Labeled(labeler, bobPostId, "spam", 0);
        vm.prank(relayer);
        moderation.labelFor(bobPostId, "spam", 0, auth);
        assertEq(moderation.nonces(labeler, 0), 1, "labeler's nonce used");
    }

    function test_LabelFor_RevertWhen_Expired() public {
        IKithSignatures.SignedAuth memory auth = _signLabel(labelerPk, bobPostId, "spam", 0);
        vm.warp(deadline + 1);

        vm.expectRevert(_expired(deadline));
        vm.prank(relayer);
        moderation.labelFor(bobPostId, "spam", 0, auth);
        assertEq(moderation.nonces(labeler, 0), 0, "nonce kept");
    }

    function test_LabelFor_RevertWhen_Replayed() public {
        IKithSignatures.SignedAuth memory auth = _signLabel(labelerPk, bobPostId, "spam", 0);
        vm.prank(relayer);
        moderation.labelFor(bobPostId, "spam", 0, auth);

        vm.expectRevert(_nonceError(labeler, 1));
        vm.prank(relayer);
        moderation.labelFor(bobPostId, "spam", 0, auth);
        assertEq(moderation.nonces(labeler, 0), 1, "nonce used once");
    }

    function test_LabelFor_RevertWhen_WrongSigner() public {
        // mallory signs, the relayer claims the labeler signed.
        IKithSignatures.SignedAuth memory auth = _claimedBy(_signLabel(malloryPk, bobPostId, "spam", 0), labeler);

        vm.expectRevert(_invalidSignature());
        vm.prank(relayer);
        moderation.labelFor(bobPostId, "spam", 0, auth);
        assertEq(moderation.nonces(labeler, 0), 0, "nonce kept");
    }

    function test_LabelFor_RevertWhen_RelayerChangesValue() public {
        IKithSignatures.SignedAuth memory auth = _signLabel(labelerPk, bobPostId, "spam", 0);

        vm.expectRevert(_invalidSignature());
        vm.prank(relayer);
        moderation.labelFor(bobPostId, "nsfw", 0, auth);
    }

    function test_LabelFor_ByERC1271Wallet() public {
        MockERC1271Wallet wallet = new MockERC1271Wallet(labeler);
        bytes memory fields = abi.encode(bobPostId, keccak256(bytes("spam")), uint256(0));
        IKithSignatures.SignedAuth memory auth =
            _claimedBy(_signAt(labelerPk, LABEL_TYPE, fields, moderation.nonces(address(wallet), 0), deadline), address(wallet));

        vm.expectEmit(address(moderation));
        emit IKithModeration.Labeled(address(wallet), bobPostId, "spam", 0);
        vm.prank(relayer);
        moderation.labelFor(bobPostId, "spam", 0, auth);
        assertEq(moderation.nonces(address(wallet), 0), 1, "the wallet's nonce used");
    }

    function test_LabelFor_ByERC6492WalletNotDeployedYet() public {
        MockERC6492WalletFactory factory = new MockERC6492WalletFactory();
        address wallet = factory.predict(labeler, bytes32(0));
        bytes memory fields = abi.encode(bobPostId, keccak256(bytes("spam")), uint256(0));
        IKithSignatures.SignedAuth memory auth = _claimedBy(_signAt(labelerPk, LABEL_TYPE, fields, 0, deadline), wallet);
        bytes memory factoryCall = abi.encodeCall(MockERC6492WalletFactory.deploy, (labeler, bytes32(0)));
        auth.signature = abi.encodePacked(abi.encode(address(factory), factoryCall, auth.signature), ERC6492_SUFFIX);

        vm.expectEmit(address(moderation));
        emit IKithModeration.Labeled(wallet, bobPostId, "spam", 0);
        vm.prank(relayer);
        moderation.labelFor(bobPostId, "spam", 0, auth);
        assertGt(wallet.code.length, 0, "the wallet was deployed through its factory");
    }

    function test_NegateLabelFor_EmitsLabelNegatedWithSignerAsLabeler() public {
        IKithSignatures.SignedAuth memory auth =
            _sign(labelerPk, NEGATE_LABEL_TYPE, abi.encode(bobPostId, keccak256(bytes("spam"))));

        vm.expectEmit(address(moderation));
        emit IKithModeration.LabelNegated(labeler, bobPostId, "spam");
        vm.prank(relayer);
        moderation.negateLabelFor(bobPostId, "spam", auth);
    }

    function test_NegateLabelFor_RevertWhen_Replayed() public {
        IKithSignatures.SignedAuth memory auth =
            _sign(labelerPk, NEGATE_LABEL_TYPE, abi.encode(bobPostId, keccak256(bytes("spam"))));
        vm.prank(relayer);
        moderation.negateLabelFor(bobPostId, "spam", auth);

        vm.expectRevert(_nonceError(labeler, 1));
        vm.prank(relayer);
        moderation.negateLabelFor(bobPostId, "spam", auth);
    }

    /*//////////////////////////////////////////////////////////////
                                 LISTS
    //////////////////////////////////////////////////////////////*/

    function test_CreateList_EmitsListCreatedAndOwnershipTransferred() public {
        vm.expectEmit(address(moderation));
        emit IKithModeration.ListCreated(1, alice, "spammers");
        vm.expectEmit(address(moderation));
        emit IKithOwnedIds.OwnershipTransferred(1, address(0), alice);
        uint256 listId = _createList(alice);

        assertEq(listId, 1);
        assertEq(moderation.listCount(), 1);
        assertEq(moderation.ownerOf(listId), alice, "owned by the owner named, not the creator");
        assertEq(moderation.pendingOwnerOf(listId), address(0));
        assertEq(_createList(bob), 2, "ids count up");
    }

    function test_CreateList_RevertWhen_InvalidName() public {
        string memory tooLong = "0123456789012345678901234567890123456789012345678901234567890123x";
        vm.expectRevert(abi.encodeWithSelector(IKithModeration.InvalidName.selector, 0));
        moderation.createList("", alice);
        vm.expectRevert(abi.encodeWithSelector(IKithModeration.InvalidName.selector, 65));
        moderation.createList(tooLong, alice);
        assertEq(moderation.listCount(), 0, "no list");
    }

    function test_CreateList_RevertWhen_InvalidOwner() public {
        vm.expectRevert(abi.encodeWithSelector(IKithOwnedIds.InvalidOwner.selector, address(0)));
        moderation.createList("spammers", address(0));
        assertEq(moderation.listCount(), 0, "no list");
    }

    function test_CreateListFor_EmitsListCreated() public {
        IKithSignatures.SignedAuth memory auth =
            _sign(carolPk, CREATE_LIST_TYPE, abi.encode(keccak256(bytes("spammers")), alice));

        vm.expectEmit(address(moderation));
        emit IKithModeration.ListCreated(1, alice, "spammers");
        vm.prank(relayer);
        assertEq(moderation.createListFor("spammers", alice, auth), 1);
        assertEq(moderation.ownerOf(1), alice);
        assertEq(moderation.nonces(carol, 0), 1, "the creator's nonce used");
    }

    function test_CreateListFor_RevertWhen_Replayed() public {
        IKithSignatures.SignedAuth memory auth =
            _sign(carolPk, CREATE_LIST_TYPE, abi.encode(keccak256(bytes("spammers")), alice));
        vm.prank(relayer);
        moderation.createListFor("spammers", alice, auth);

        vm.expectRevert(_nonceError(carol, 1));
        vm.prank(relayer);
        moderation.createListFor("spammers", alice, auth);
        assertEq(moderation.listCount(), 1, "one list");
    }

    function test_AddListMembers_EmitsListMemberAddedPerProfile() public {
        uint256 listId = _createList(alice);
        vm.expectEmit(address(moderation));
        emit IKithModeration.ListMemberAdded(listId, bobId);
        vm.expectEmit(address(moderation));
        emit IKithModeration.ListMemberAdded(listId, carolId);
        vm.prank(alice);
        moderation.addListMembers(listId, _ids(bobId, carolId));
    }

    function test_AddListMembers_RevertWhen_NotOwner() public {
        uint256 listId = _createList(alice);
        vm.expectRevert(_notOwner(listId, carol));
        vm.prank(carol); // the creator is not the owner
        moderation.addListMembers(listId, _ids(bobId));
    }

    function test_AddListMembers_RevertWhen_UnknownList() public {
        vm.expectRevert(_notOwner(7, alice));
        vm.prank(alice);
        moderation.addListMembers(7, _ids(bobId));
    }

    function test_AddListMembers_RevertWhen_InvalidBatch() public {
        uint256 listId = _createList(alice);
        vm.expectRevert(_invalidBatch(0));
        vm.prank(alice);
        moderation.addListMembers(listId, new uint256[](0));

        vm.expectRevert(_invalidBatch(MAX_BATCH + 1));
        vm.prank(alice);
        moderation.addListMembers(listId, _idRange(1, MAX_BATCH + 1));
    }

    function test_AddListMembers_RevertWhen_InvalidProfile() public {
        uint256 listId = _createList(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithModeration.InvalidProfile.selector, 0));
        vm.prank(alice);
        moderation.addListMembers(listId, _ids(bobId, 0));
    }

    function test_RemoveListMembers_EmitsListMemberRemoved() public {
        uint256 listId = _createList(alice);
        vm.expectEmit(address(moderation));
        emit IKithModeration.ListMemberRemoved(listId, bobId);
        vm.prank(alice);
        moderation.removeListMembers(listId, _ids(bobId));
    }

    function test_RemoveListMembers_RevertWhen_NotOwnerOrInvalidBatch() public {
        uint256 listId = _createList(alice);
        vm.expectRevert(_notOwner(listId, mallory));
        vm.prank(mallory);
        moderation.removeListMembers(listId, _ids(bobId));

        vm.expectRevert(_invalidBatch(0));
        vm.prank(alice);
        moderation.removeListMembers(listId, new uint256[](0));
    }

    function test_AddListMembersFor_SignedByOwner() public {
        uint256 listId = _createList(alice);
        IKithSignatures.SignedAuth memory auth = _signMembers(ADD_LIST_MEMBERS_TYPE, alicePk, listId, _ids(bobId, carolId));

        vm.expectEmit(address(moderation));
        emit IKithModeration.ListMemberAdded(listId, bobId);
        vm.expectEmit(address(moderation));
        emit IKithModeration.ListMemberAdded(listId, carolId);
        vm.prank(relayer);
        moderation.addListMembersFor(listId, _ids(bobId, carolId), auth);
    }

    function test_AddListMembersFor_RevertWhen_SignerNotOwner() public {
        uint256 listId = _createList(alice);
        IKithSignatures.SignedAuth memory auth = _signMembers(ADD_LIST_MEMBERS_TYPE, malloryPk, listId, _ids(bobId));

        vm.expectRevert(_notOwner(listId, mallory));
        vm.prank(relayer);
        moderation.addListMembersFor(listId, _ids(bobId), auth);
        assertEq(moderation.nonces(mallory, 0), 0, "nonce kept");
    }

    function test_AddListMembersFor_RevertWhen_RelayerChangesMembers() public {
        uint256 listId = _createList(alice);
        IKithSignatures.SignedAuth memory auth = _signMembers(ADD_LIST_MEMBERS_TYPE, alicePk, listId, _ids(bobId));

        vm.expectRevert(_invalidSignature());
        vm.prank(relayer);
        moderation.addListMembersFor(listId, _ids(carolId), auth);
    }

    function test_RemoveListMembersFor_SignedByOwner() public {
        uint256 listId = _createList(alice);
        IKithSignatures.SignedAuth memory auth = _signMembers(REMOVE_LIST_MEMBERS_TYPE, alicePk, listId, _ids(bobId));

        vm.expectEmit(address(moderation));
        emit IKithModeration.ListMemberRemoved(listId, bobId);
        vm.prank(relayer);
        moderation.removeListMembersFor(listId, _ids(bobId), auth);
        assertEq(moderation.nonces(alice, 0), 1);
    }

    function test_RemoveListMembersFor_RevertWhen_SignerNotOwner() public {
        uint256 listId = _createList(alice);
        IKithSignatures.SignedAuth memory auth = _signMembers(REMOVE_LIST_MEMBERS_TYPE, carolPk, listId, _ids(bobId));

        vm.expectRevert(_notOwner(listId, carol));
        vm.prank(relayer);
        moderation.removeListMembersFor(listId, _ids(bobId), auth);
        assertEq(moderation.nonces(carol, 0), 0, "nonce kept");
    }

    function test_ListMembers_FollowOwnershipTransfer() public {
        uint256 listId = _createList(alice);
        vm.prank(alice);
        moderation.transferOwnership(listId, bob);
        vm.prank(bob);
        moderation.acceptOwnership(listId);

        vm.expectRevert(_notOwner(listId, alice));
        vm.prank(alice);
        moderation.addListMembers(listId, _ids(carolId));

        vm.expectEmit(address(moderation));
        emit IKithModeration.ListMemberAdded(listId, carolId);
        vm.prank(bob);
        moderation.addListMembers(listId, _ids(carolId));
    }

    /*//////////////////////////////////////////////////////////////
                         LABELER SUBSCRIPTIONS
    //////////////////////////////////////////////////////////////*/

    function _expectSubscribed(uint256 profileId, string[] memory values, IKithModeration.LabelAction[] memory actions)
        internal
    {
        vm.expectEmit(address(moderation));
        emit IKithModeration.LabelerSubscribed(profileId, labeler);
        for (uint256 i; i < values.length; ++i) {
            vm.expectEmit(address(moderation));
            emit IKithModeration.LabelPolicySet(profileId, labeler, values[i], actions[i]);
        }
    }

    function _subscribeAs(address caller, uint256 profileId) internal {
        vm.prank(caller);
        moderation.subscribeToLabeler(
            profileId,
            labeler,
            _values("spam", "nsfw"),
            _policies(IKithModeration.LabelAction.Hide, IKithModeration.LabelAction.Ignore)
        );
    }

    function test_SubscribeToLabeler_EmitsSubscribedAndPolicies() public {
        _expectSubscribed(
            aliceId,
            _values("spam", "nsfw"),
            _policies(IKithModeration.LabelAction.Hide, IKithModeration.LabelAction.Ignore)
        );
        _subscribeAs(alice, aliceId);
    }

    function test_SubscribeToLabeler_WithoutPolicies_EmitsSubscribed() public {
        vm.expectEmit(address(moderation));
        emit IKithModeration.LabelerSubscribed(aliceId, labeler);
        vm.prank(alice);
        moderation.subscribeToLabeler(aliceId, labeler, new string[](0), new IKithModeration.LabelAction[](0));
    }

    function test_SubscribeToLabeler_ByAppKeyWithBlockScope() public {
        _addAppKey(aliceId, appKey, Scopes.BLOCK, START_TIME + 1 days);
        vm.expectEmit(address(moderation));
        emit IKithModeration.LabelerSubscribed(aliceId, labeler);
        _subscribeAs(appKey, aliceId);
    }

    function test_SubscribeToLabeler_RevertWhen_AppKeyOutOfScope() public {
        _addAppKey(aliceId, appKey, Scopes.ALL & ~Scopes.BLOCK, START_TIME + 1 days);
        vm.expectRevert(_notAuthorized(aliceId, appKey));
        _subscribeAs(appKey, aliceId);
    }

    function test_SubscribeToLabeler_RevertWhen_AppKeyExpired() public {
        _addAppKey(aliceId, appKey, Scopes.BLOCK, START_TIME + 1 days);
        vm.warp(START_TIME + 1 days);
        vm.expectRevert(_notAuthorized(aliceId, appKey));
        _subscribeAs(appKey, aliceId);
    }

    function test_SubscribeToLabeler_RevertWhen_AppKeyRevoked() public {
        _addAppKey(aliceId, appKey, Scopes.BLOCK, START_TIME + 1 days);
        vm.prank(alice);
        kith.revokeAppKey(aliceId, appKey);
        vm.expectRevert(_notAuthorized(aliceId, appKey));
        _subscribeAs(appKey, aliceId);
    }

    function test_SubscribeToLabeler_RevertWhen_NotAuthorized() public {
        vm.expectRevert(_notAuthorized(aliceId, mallory));
        _subscribeAs(mallory, aliceId);
        vm.expectRevert(_notAuthorized(aliceId, bob)); // another profile's custody
        _subscribeAs(bob, aliceId);
        vm.expectRevert(_notAuthorized(unregisteredId, mallory));
        _subscribeAs(mallory, unregisteredId);
    }

    function test_SubscribeToLabeler_CustodyChangeTakesEffectAtOnce() public {
        _addAppKey(aliceId, appKey, Scopes.BLOCK, START_TIME + 1 days);
        _moveAliceToDave();

        vm.expectRevert(_notAuthorized(aliceId, alice));
        _subscribeAs(alice, aliceId);
        vm.expectRevert(_notAuthorized(aliceId, appKey)); // custody change revoked the app keys
        _subscribeAs(appKey, aliceId);
        vm.expectEmit(address(moderation));
        emit IKithModeration.LabelerSubscribed(aliceId, labeler);
        _subscribeAs(dave, aliceId);
    }

    function test_SubscribeToLabeler_RevertWhen_InvalidBatch() public {
        vm.expectRevert(_invalidBatch(2));
        vm.prank(alice);
        moderation.subscribeToLabeler(aliceId, labeler, _values("spam", "nsfw"), new IKithModeration.LabelAction[](1));

        string[] memory tooMany = _strings(MAX_BATCH + 1);
        IKithModeration.LabelAction[] memory tooManyActions = _hideAll(MAX_BATCH + 1);
        vm.expectRevert(_invalidBatch(MAX_BATCH + 1));
        vm.prank(alice);
        moderation.subscribeToLabeler(aliceId, labeler, tooMany, tooManyActions);
    }

    function test_SubscribeToLabeler_RevertWhen_InvalidValue() public {
        vm.expectRevert(_invalidLabel("NSFW", 0));
        vm.prank(alice);
        moderation.subscribeToLabeler(
            aliceId,
            labeler,
            _values("spam", "NSFW"),
            _policies(IKithModeration.LabelAction.Hide, IKithModeration.LabelAction.Hide)
        );
    }

    function test_UnsubscribeFromLabeler_EmitsLabelerUnsubscribed() public {
        vm.expectEmit(address(moderation));
        emit IKithModeration.LabelerUnsubscribed(aliceId, labeler);
        vm.prank(alice);
        moderation.unsubscribeFromLabeler(aliceId, labeler);
    }

    function test_UnsubscribeFromLabeler_RevertWhen_NotAuthorized() public {
        _addAppKey(aliceId, appKey, Scopes.FOLLOW, START_TIME + 1 days);
        vm.expectRevert(_notAuthorized(aliceId, appKey));
        vm.prank(appKey);
        moderation.unsubscribeFromLabeler(aliceId, labeler);
    }

    /// @dev A relayer submits `signerPk`'s signed subscription of alice's profile: accepted, with
    ///      the events of a direct call, over the signer's nonce on KithModeration.
    function _assertSignedSubscriptionAccepted(uint256 signerPk) internal {
        string[] memory values = _values("spam", "nsfw");
        IKithModeration.LabelAction[] memory actions =
            _policies(IKithModeration.LabelAction.Hide, IKithModeration.LabelAction.Warn);
        IKithSignatures.SignedAuth memory auth = _signSubscribeToLabeler(signerPk, aliceId, labeler, values, actions);

        _expectSubscribed(aliceId, values, actions);
        vm.prank(relayer);
        moderation.subscribeToLabelerFor(aliceId, labeler, values, actions, auth);
        assertEq(moderation.nonces(vm.addr(signerPk), 0), 1, "the signer's nonce used");
        assertEq(kith.nonces(vm.addr(signerPk), 0), 0, "Kith's nonces are Kith's own");
    }

    function test_SubscribeToLabelerFor_SignedByCustody() public {
        _assertSignedSubscriptionAccepted(alicePk);
    }

    function test_SubscribeToLabelerFor_SignedByAppKeyWithBlockScope() public {
        _addAppKey(aliceId, appKey, Scopes.BLOCK, START_TIME + 1 days);
        _assertSignedSubscriptionAccepted(appKeyPk);
    }

    function test_SubscribeToLabelerFor_RevertWhen_RelayerChangesPolicies() public {
        string[] memory values = _values("spam", "nsfw");
        IKithModeration.LabelAction[] memory actions =
            _policies(IKithModeration.LabelAction.Hide, IKithModeration.LabelAction.Warn);
        IKithSignatures.SignedAuth memory auth = _signSubscribeToLabeler(alicePk, aliceId, labeler, values, actions);

        vm.expectRevert(_invalidSignature());
        vm.prank(relayer);
        moderation.subscribeToLabelerFor(
            aliceId, labeler, values, _policies(IKithModeration.LabelAction.Ignore, IKithModeration.LabelAction.Warn), auth
        );
        vm.expectRevert(_invalidSignature());
        vm.prank(relayer);
        moderation.subscribeToLabelerFor(aliceId, labeler, _values("spam", "nsfx"), actions, auth);
        assertEq(moderation.nonces(alice, 0), 0, "nonce kept");
    }

    function test_SubscribeToLabelerFor_RevertWhen_SignerNotAuthorized() public {
        string[] memory values = _values("spam", "nsfw");
        IKithModeration.LabelAction[] memory actions = _hideAll(2);
        IKithSignatures.SignedAuth memory auth = _signSubscribeToLabeler(malloryPk, aliceId, labeler, values, actions);

        vm.expectRevert(_notAuthorized(aliceId, mallory));
        vm.prank(relayer);
        moderation.subscribeToLabelerFor(aliceId, labeler, values, actions, auth);
        assertEq(moderation.nonces(mallory, 0), 0, "nonce kept");
    }

    function test_SubscribeToLabelerFor_RevertWhen_ExpiredReplayedOrWrongSigner() public {
        string[] memory values = _values("spam", "nsfw");
        IKithModeration.LabelAction[] memory actions = _hideAll(2);
        IKithSignatures.SignedAuth memory auth = _signSubscribeToLabeler(alicePk, aliceId, labeler, values, actions);
        IKithSignatures.SignedAuth memory forged =
            _claimedBy(_signSubscribeToLabeler(malloryPk, aliceId, labeler, values, actions), alice);

        vm.expectRevert(_invalidSignature());
        vm.prank(relayer);
        moderation.subscribeToLabelerFor(aliceId, labeler, values, actions, forged);

        vm.prank(relayer);
        moderation.subscribeToLabelerFor(aliceId, labeler, values, actions, auth);
        vm.expectRevert(_nonceError(alice, 1));
        vm.prank(relayer);
        moderation.subscribeToLabelerFor(aliceId, labeler, values, actions, auth);

        auth = _signSubscribeToLabeler(alicePk, aliceId, labeler, values, actions);
        vm.warp(deadline + 1);
        vm.expectRevert(_expired(deadline));
        vm.prank(relayer);
        moderation.subscribeToLabelerFor(aliceId, labeler, values, actions, auth);
        assertEq(moderation.nonces(alice, 0), 1, "one signature used");
    }

    function test_UnsubscribeFromLabelerFor_SignedByCustody() public {
        IKithSignatures.SignedAuth memory auth =
            _sign(alicePk, UNSUBSCRIBE_FROM_LABELER_TYPE, abi.encode(aliceId, labeler));

        vm.expectEmit(address(moderation));
        emit IKithModeration.LabelerUnsubscribed(aliceId, labeler);
        vm.prank(relayer);
        moderation.unsubscribeFromLabelerFor(aliceId, labeler, auth);
    }

    function test_UnsubscribeFromLabelerFor_RevertWhen_SignerNotAuthorized() public {
        IKithSignatures.SignedAuth memory auth =
            _sign(bobPk, UNSUBSCRIBE_FROM_LABELER_TYPE, abi.encode(aliceId, labeler));

        vm.expectRevert(_notAuthorized(aliceId, bob));
        vm.prank(relayer);
        moderation.unsubscribeFromLabelerFor(aliceId, labeler, auth);
    }

    /*//////////////////////////////////////////////////////////////
                           LIST SUBSCRIPTIONS
    //////////////////////////////////////////////////////////////*/

    function test_SubscribeToList_EmitsListSubscribed() public {
        uint256 listId = _createList(carol);
        vm.expectEmit(address(moderation));
        emit IKithModeration.ListSubscribed(aliceId, listId, IKithModeration.ListMode.Block);
        vm.prank(alice);
        moderation.subscribeToList(aliceId, listId, IKithModeration.ListMode.Block);
    }

    function test_SubscribeToList_RevertWhen_UnknownList() public {
        vm.expectRevert(abi.encodeWithSelector(IKithModeration.UnknownList.selector, 1));
        vm.prank(alice);
        moderation.subscribeToList(aliceId, 1, IKithModeration.ListMode.Mute);
    }

    function test_SubscribeToList_ByAppKey_InScopeOnly() public {
        uint256 listId = _createList(carol);
        _addAppKey(aliceId, appKey, Scopes.POST | Scopes.FOLLOW, START_TIME + 1 days);
        vm.expectRevert(_notAuthorized(aliceId, appKey));
        vm.prank(appKey);
        moderation.subscribeToList(aliceId, listId, IKithModeration.ListMode.Mute);

        _addAppKey(aliceId, appKey, Scopes.BLOCK, START_TIME + 1 days);
        vm.expectEmit(address(moderation));
        emit IKithModeration.ListSubscribed(aliceId, listId, IKithModeration.ListMode.Mute);
        vm.prank(appKey);
        moderation.subscribeToList(aliceId, listId, IKithModeration.ListMode.Mute);
    }

    function test_UnsubscribeFromList_EmitsListUnsubscribed() public {
        vm.expectEmit(address(moderation));
        emit IKithModeration.ListUnsubscribed(aliceId, 5);
        vm.prank(alice);
        moderation.unsubscribeFromList(aliceId, 5);
    }

    function test_UnsubscribeFromList_RevertWhen_NotAuthorized() public {
        vm.expectRevert(_notAuthorized(aliceId, mallory));
        vm.prank(mallory);
        moderation.unsubscribeFromList(aliceId, 1);
    }

    function test_SubscribeToListFor_SignedByCustody() public {
        uint256 listId = _createList(carol);
        IKithSignatures.SignedAuth memory auth =
            _signSubscribeToList(alicePk, aliceId, listId, IKithModeration.ListMode.Block);

        vm.expectEmit(address(moderation));
        emit IKithModeration.ListSubscribed(aliceId, listId, IKithModeration.ListMode.Block);
        vm.prank(relayer);
        moderation.subscribeToListFor(aliceId, listId, IKithModeration.ListMode.Block, auth);
    }

    function test_SubscribeToListFor_RevertWhen_RelayerChangesMode() public {
        uint256 listId = _createList(carol);
        IKithSignatures.SignedAuth memory auth =
            _signSubscribeToList(alicePk, aliceId, listId, IKithModeration.ListMode.Mute);

        vm.expectRevert(_invalidSignature());
        vm.prank(relayer);
        moderation.subscribeToListFor(aliceId, listId, IKithModeration.ListMode.Block, auth);
    }

    function test_SubscribeToListFor_RevertWhen_SignerNotAuthorized() public {
        uint256 listId = _createList(carol);
        IKithSignatures.SignedAuth memory auth =
            _signSubscribeToList(carolPk, aliceId, listId, IKithModeration.ListMode.Mute);

        vm.expectRevert(_notAuthorized(aliceId, carol));
        vm.prank(relayer);
        moderation.subscribeToListFor(aliceId, listId, IKithModeration.ListMode.Mute, auth);
    }

    function test_UnsubscribeFromListFor_SignedByAppKey() public {
        _addAppKey(aliceId, appKey, Scopes.BLOCK, START_TIME + 1 days);
        IKithSignatures.SignedAuth memory auth = _sign(appKeyPk, UNSUBSCRIBE_FROM_LIST_TYPE, abi.encode(aliceId, 3));

        vm.expectEmit(address(moderation));
        emit IKithModeration.ListUnsubscribed(aliceId, 3);
        vm.prank(relayer);
        moderation.unsubscribeFromListFor(aliceId, 3, auth);
    }

    function test_UnsubscribeFromListFor_RevertWhen_AppKeyRevoked() public {
        _addAppKey(aliceId, appKey, Scopes.BLOCK, START_TIME + 1 days);
        IKithSignatures.SignedAuth memory auth = _sign(appKeyPk, UNSUBSCRIBE_FROM_LIST_TYPE, abi.encode(aliceId, 3));
        vm.prank(alice);
        kith.revokeAllAppKeys(aliceId);

        vm.expectRevert(_notAuthorized(aliceId, appKey));
        vm.prank(relayer);
        moderation.unsubscribeFromListFor(aliceId, 3, auth);
        assertEq(moderation.nonces(appKey, 0), 0, "nonce kept");
    }
}

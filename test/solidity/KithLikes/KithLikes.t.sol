// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";
import {Vm} from "forge-std/Vm.sol";

import {IKithAppKeys} from "../../../contracts/interfaces/IKithAppKeys.sol";
import {IKithPosts} from "../../../contracts/interfaces/IKithPosts.sol";
import {IKithProfiles} from "../../../contracts/interfaces/IKithProfiles.sol";
import {IKithSignatures} from "../../../contracts/interfaces/IKithSignatures.sol";
import {Scopes} from "../../../contracts/libraries/Scopes.sol";
import {TypedData} from "../TypedData.sol";
import {KithLikesTestSuite} from "./KithLikesTestSuite.sol";

/// @notice like/unlike and their signed variants: exact events (actor = sender or signer), the
///         react scope, unknown posts, and the EIP-712 rules.
contract KithLikesTest is KithLikesTestSuite {
    /*//////////////////////////////////////////////////////////////
                                 CONFIG
    //////////////////////////////////////////////////////////////*/

    function test_Typehashes_MatchDocumentedTypes() public view {
        assertEq(kith.LIKE_TYPEHASH(), keccak256(bytes(LIKE_TYPE)), "Like");
        assertEq(kith.UNLIKE_TYPEHASH(), keccak256(bytes(UNLIKE_TYPE)), "Unlike");
    }

    function test_Eip712Domain_IsKithOnThisChain() public view {
        (, string memory name, string memory version, uint256 chainId, address verifyingContract,,) =
            kith.eip712Domain();
        assertEq(name, "Kith");
        assertEq(version, "1");
        assertEq(chainId, block.chainid);
        assertEq(verifyingContract, address(kith));
        assertEq(
            TypedData.domainSeparator(IERC5267(address(kith))),
            TypedData.domainSeparator("Kith", "1", address(kith)),
            "separator"
        );
    }

    /*//////////////////////////////////////////////////////////////
                                  LIKE
    //////////////////////////////////////////////////////////////*/

    function test_Like_EmitsLiked() public {
        _expectLiked(bobPostId, aliceId, alice);
        vm.recordLogs(); // after the expected event, which the test itself emits
        vm.prank(alice);
        kith.like(aliceId, bobPostId);

        assertEq(vm.getRecordedLogs().length, 1, "one log, nothing else");
    }

    function test_Unlike_EmitsUnliked() public {
        vm.prank(alice);
        kith.like(aliceId, bobPostId);

        _expectUnliked(bobPostId, aliceId, alice);
        vm.prank(alice);
        kith.unlike(aliceId, bobPostId);
    }

    function test_Like_OwnPost() public {
        _expectLiked(alicePostId, aliceId, alice);
        vm.prank(alice);
        kith.like(aliceId, alicePostId);
    }

    /// @dev Nothing is stored: a second like emits again (the indexer treats it as a no-op).
    function test_Like_Twice_EmitsTwice() public {
        for (uint256 i; i < 2; ++i) {
            _expectLiked(bobPostId, aliceId, alice);
            vm.prank(alice);
            kith.like(aliceId, bobPostId);
        }
    }

    /// @dev The author check has two paths: ids up to the acting profile's need no storage read;
    ///      later ids are checked against the profile count.
    function test_Like_PostsOfOlderAndNewerProfiles() public {
        _expectLiked(carolPostId, bobId, bob);
        vm.prank(bob);
        kith.like(bobId, carolPostId);

        _expectLiked(alicePostId, carolId, carol);
        vm.prank(carol);
        kith.like(carolId, alicePostId);
    }

    function test_Like_ByAppKeyWithReactScope() public {
        _addAppKey(aliceId, appKey, Scopes.REACT, START_TIME + 1 days);

        _expectLiked(bobPostId, aliceId, appKey);
        vm.prank(appKey);
        kith.like(aliceId, bobPostId);

        _expectUnliked(bobPostId, aliceId, appKey);
        vm.prank(appKey);
        kith.unlike(aliceId, bobPostId);
    }

    function test_Like_RevertWhen_AppKeyLacksReactScope() public {
        _addAppKey(aliceId, appKey, Scopes.ALL & ~Scopes.REACT, START_TIME + 1 days);

        vm.expectRevert(_outOfReactScope(aliceId, appKey));
        vm.prank(appKey);
        kith.like(aliceId, bobPostId);

        vm.expectRevert(_outOfReactScope(aliceId, appKey));
        vm.prank(appKey);
        kith.unlike(aliceId, bobPostId);
    }

    function test_Like_RevertWhen_AppKeyExpired() public {
        uint256 expiry = START_TIME + 1 days;
        _addAppKey(aliceId, appKey, Scopes.REACT, expiry);
        vm.warp(expiry);

        vm.expectRevert(abi.encodeWithSelector(IKithAppKeys.AppKeyExpired.selector, aliceId, appKey, expiry));
        vm.prank(appKey);
        kith.like(aliceId, bobPostId);
    }

    function test_Like_RevertWhen_AppKeyRevoked() public {
        _addAppKey(aliceId, appKey, Scopes.REACT, START_TIME + 1 days);
        vm.prank(alice);
        kith.revokeAppKey(aliceId, appKey);

        vm.expectRevert(_notAuthorized(aliceId, appKey));
        vm.prank(appKey);
        kith.like(aliceId, bobPostId);
    }

    function test_Like_RevertWhen_NotAuthorized() public {
        vm.expectRevert(_notAuthorized(aliceId, mallory));
        vm.prank(mallory);
        kith.like(aliceId, bobPostId);

        vm.expectRevert(_notAuthorized(aliceId, bob));
        vm.prank(bob);
        kith.like(aliceId, bobPostId);

        vm.expectRevert(_notAuthorized(aliceId, mallory));
        vm.prank(mallory);
        kith.unlike(aliceId, bobPostId);
    }

    function test_Like_RevertWhen_ProfileUnregistered() public {
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.UnknownProfile.selector, unregisteredId));
        vm.prank(mallory);
        kith.like(unregisteredId, bobPostId);
    }

    function test_Like_RevertWhen_UnknownPost() public {
        uint256[4] memory ids = [
            uint256(0),
            type(uint160).max, // author 0
            unregisteredId << 160 | 1,
            type(uint256).max // author 2**96 - 1
        ];
        for (uint256 i; i < ids.length; ++i) {
            vm.expectRevert(_unknownPost(ids[i]));
            vm.prank(alice);
            kith.like(aliceId, ids[i]);
        }
    }

    function test_Like_ChecksAuthorizationBeforePost() public {
        vm.expectRevert(_notAuthorized(aliceId, mallory));
        vm.prank(mallory);
        kith.like(aliceId, unregisteredId << 160);
    }

    /// @dev Documented: `Unliked` for a like that does not exist is a no-op, so `unlike` checks
    ///      authorization but not the post's author.
    function test_Unlike_UnknownPost_EmitsUnliked() public {
        uint256 postId = unregisteredId << 160;

        _expectUnliked(postId, aliceId, alice);
        vm.prank(alice);
        kith.unlike(aliceId, postId);
    }

    /*//////////////////////////////////////////////////////////////
                              SIGNED LIKES
    //////////////////////////////////////////////////////////////*/

    function test_LikeFor_EmitsLikedWithSignerAsActor() public {
        IKithSignatures.SignedAuth memory auth = _signReaction(LIKE_TYPE, alicePk, aliceId, bobPostId);

        _expectLiked(bobPostId, aliceId, alice);
        _likeFor(aliceId, bobPostId, auth);

        assertEq(kith.nonces(alice, 0), 1, "nonce consumed");
        assertEq(kith.nonces(relayer, 0), 0, "relayer's nonce untouched");
    }

    function test_UnlikeFor_EmitsUnlikedWithSignerAsActor() public {
        IKithSignatures.SignedAuth memory auth = _signReaction(UNLIKE_TYPE, alicePk, aliceId, bobPostId);

        _expectUnliked(bobPostId, aliceId, alice);
        _unlikeFor(aliceId, bobPostId, auth);
    }

    function test_LikeFor_SignedByAppKeyWithReactScope() public {
        _addAppKey(aliceId, appKey, Scopes.REACT, START_TIME + 1 days);
        IKithSignatures.SignedAuth memory like = _signReaction(LIKE_TYPE, appKeyPk, aliceId, bobPostId);

        _expectLiked(bobPostId, aliceId, appKey);
        _likeFor(aliceId, bobPostId, like);

        IKithSignatures.SignedAuth memory unlike = _signReaction(UNLIKE_TYPE, appKeyPk, aliceId, bobPostId);
        _expectUnliked(bobPostId, aliceId, appKey);
        _unlikeFor(aliceId, bobPostId, unlike);
    }

    function test_LikeFor_RevertWhen_AppKeyLacksReactScope() public {
        _addAppKey(aliceId, appKey, Scopes.POST | Scopes.TIP, START_TIME + 1 days);
        IKithSignatures.SignedAuth memory like = _signReaction(LIKE_TYPE, appKeyPk, aliceId, bobPostId);
        IKithSignatures.SignedAuth memory unlike = _signReaction(UNLIKE_TYPE, appKeyPk, aliceId, bobPostId);

        vm.expectRevert(_outOfReactScope(aliceId, appKey));
        _likeFor(aliceId, bobPostId, like);
        vm.expectRevert(_outOfReactScope(aliceId, appKey));
        _unlikeFor(aliceId, bobPostId, unlike);
    }

    function test_LikeFor_RevertWhen_Replayed() public {
        IKithSignatures.SignedAuth memory auth = _signReaction(LIKE_TYPE, alicePk, aliceId, bobPostId);
        _likeFor(aliceId, bobPostId, auth);

        vm.expectRevert(abi.encodeWithSelector(IKithSignatures.InvalidAccountNonce.selector, alice, 1));
        _likeFor(aliceId, bobPostId, auth);
    }

    function test_LikeFor_RevertWhen_Expired() public {
        IKithSignatures.SignedAuth memory auth = _signReaction(LIKE_TYPE, alicePk, aliceId, bobPostId);
        vm.warp(deadline + 1);

        vm.expectRevert(abi.encodeWithSelector(IKithSignatures.SignatureExpired.selector, deadline));
        _likeFor(aliceId, bobPostId, auth);
    }

    function test_LikeFor_RevertWhen_SignedBySomeoneElse() public {
        IKithSignatures.SignedAuth memory auth = _signReaction(LIKE_TYPE, malloryPk, aliceId, bobPostId);
        auth.signer = alice;

        vm.expectRevert(abi.encodeWithSelector(IKithSignatures.InvalidSignature.selector));
        _likeFor(aliceId, bobPostId, auth);
    }

    function test_LikeFor_RevertWhen_SignerNotAuthorized() public {
        IKithSignatures.SignedAuth memory auth = _signReaction(LIKE_TYPE, malloryPk, aliceId, bobPostId);

        vm.expectRevert(_notAuthorized(aliceId, mallory));
        _likeFor(aliceId, bobPostId, auth);
    }

    function test_LikeFor_RevertWhen_RelayerChangesPostOrProfile() public {
        vm.prank(bob);
        kith.addAppKey(bobId, alice, Scopes.REACT, START_TIME + 1 days); // alice may also react for bob
        IKithSignatures.SignedAuth memory auth = _signReaction(LIKE_TYPE, alicePk, aliceId, bobPostId);
        bytes memory invalid = abi.encodeWithSelector(IKithSignatures.InvalidSignature.selector);

        vm.expectRevert(invalid);
        _likeFor(aliceId, carolPostId, auth);
        vm.expectRevert(invalid);
        _likeFor(bobId, bobPostId, auth);
    }

    function test_LikeFor_SignatureNotValidForUnlike() public {
        IKithSignatures.SignedAuth memory like = _signReaction(LIKE_TYPE, alicePk, aliceId, bobPostId);
        bytes memory invalid = abi.encodeWithSelector(IKithSignatures.InvalidSignature.selector);

        vm.expectRevert(invalid);
        _unlikeFor(aliceId, bobPostId, like);

        IKithSignatures.SignedAuth memory unlike = _signReaction(UNLIKE_TYPE, alicePk, aliceId, bobPostId);
        vm.expectRevert(invalid);
        _likeFor(aliceId, bobPostId, unlike);
    }

    function test_LikeFor_RevertWhen_UnknownPost() public {
        uint256 postId = unregisteredId << 160;
        IKithSignatures.SignedAuth memory auth = _signReaction(LIKE_TYPE, alicePk, aliceId, postId);

        vm.expectRevert(_unknownPost(postId));
        _likeFor(aliceId, postId, auth);
    }

    /*//////////////////////////////////////////////////////////////
                                  FUZZ
    //////////////////////////////////////////////////////////////*/

    /// @dev A like goes through exactly when the author part of the id is a registered profile.
    function testFuzz_Like_AcceptedIffAuthorRegistered(uint256 authorSeed, uint160 digest) public {
        uint256 author = bound(authorSeed, 0, unregisteredId + 1);
        uint256 postId = (author << 160) | digest;

        if (author >= 1 && author < unregisteredId) _expectLiked(postId, bobId, bob);
        else vm.expectRevert(_unknownPost(postId));
        vm.prank(bob);
        kith.like(bobId, postId);
    }

    function testFuzz_LikeFor_ActorIsSigner(uint256 postSeed, bool asAppKey) public {
        uint256[3] memory posts = [alicePostId, bobPostId, carolPostId];
        uint256 postId = posts[postSeed % posts.length];
        if (asAppKey) _addAppKey(aliceId, appKey, Scopes.REACT, START_TIME + 1 days);
        uint256 signerPk = asAppKey ? appKeyPk : alicePk;
        IKithSignatures.SignedAuth memory auth = _signReaction(LIKE_TYPE, signerPk, aliceId, postId);

        vm.recordLogs();
        _likeFor(aliceId, postId, auth);
        Vm.Log[] memory logs = vm.getRecordedLogs();

        assertEq(logs.length, 1, "one log");
        assertEq(logs[0].topics[0], IKithPosts.Liked.selector, "Liked");
        assertEq(uint256(logs[0].topics[1]), postId, "post");
        assertEq(uint256(logs[0].topics[2]), aliceId, "profile");
        assertEq(abi.decode(logs[0].data, (address)), vm.addr(signerPk), "actor = signer");
    }
}
